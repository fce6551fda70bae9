stagecraft placeholder: 42023 bytes
