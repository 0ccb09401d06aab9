"""互动交流: the public message box (messages, replies, routing, the reply clock) in
``messages``; online interviews and public government meetings in ``events``."""
