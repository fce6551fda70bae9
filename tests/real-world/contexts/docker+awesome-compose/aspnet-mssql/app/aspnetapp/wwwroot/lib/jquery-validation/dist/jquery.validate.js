stagecraft placeholder: 48676 bytes
