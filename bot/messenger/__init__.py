"""Facebook Messenger, in plain Python: what the Rasa connector
(csp_components/channels/messenger.py) uses.

- `signature`: the X-Hub-Signature-256 check Meta's webhooks must pass;
- `webhook`: the subscription handshake (hub.challenge) and the messages in a webhook payload;
- `outgoing`: Rasa's replies shaped to Messenger's limits (quick replies, message length);
- `graph_api`: the client that sends them, with a configurable base address;
- `settings`: the app's credentials, from credentials.yml (which reads them from the environment).
"""
