stagecraft placeholder: 19318 bytes
