// Identity: the resolved actors are written: the load's "resolution pending" marker goes.
MATCH (s:AttribState {id: 'identity-resolution'})
DELETE s
