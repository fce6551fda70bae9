stagecraft placeholder: 68418 bytes
