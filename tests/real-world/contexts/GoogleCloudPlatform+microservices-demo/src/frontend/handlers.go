stagecraft placeholder: 19992 bytes
