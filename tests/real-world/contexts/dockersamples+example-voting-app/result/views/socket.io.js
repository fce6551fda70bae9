stagecraft placeholder: 49690 bytes
