stagecraft placeholder: 89615 bytes
