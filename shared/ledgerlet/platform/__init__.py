"""The control plane: tenants, users, roles, invitations and the applet store.

Its own data lives only in the platform table (PynamoDB models in :mod:`.models`); every change to
users, roles or switched-on applets is mirrored into the hub's access projection (:mod:`.projection`),
which is what applet functions read to authorize requests.
"""
