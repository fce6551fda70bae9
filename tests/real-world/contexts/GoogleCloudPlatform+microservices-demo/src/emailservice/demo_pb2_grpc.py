stagecraft placeholder: 30091 bytes
