stagecraft placeholder: 69707 bytes
