stagecraft placeholder: 18593 bytes
