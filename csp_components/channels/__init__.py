"""Input channels: REST, socket.io (the web chat widget's) and Facebook Messenger."""
