stagecraft placeholder: 545877 bytes
