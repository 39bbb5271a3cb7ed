"""`devstack new-subgraph`: a working subgraph on the kit, generated from templates/."""
