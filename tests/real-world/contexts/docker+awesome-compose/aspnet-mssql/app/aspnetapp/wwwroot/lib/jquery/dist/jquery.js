stagecraft placeholder: 271751 bytes
