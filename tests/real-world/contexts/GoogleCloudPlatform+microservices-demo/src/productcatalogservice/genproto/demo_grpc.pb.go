stagecraft placeholder: 47595 bytes
