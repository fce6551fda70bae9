stagecraft placeholder: 20488 bytes
