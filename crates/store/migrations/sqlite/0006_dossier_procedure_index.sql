-- Every term of the dossier search's OR is indexed, so it never scans for a code or number.
CREATE INDEX dossiers_procedure ON dossiers(procedure_code, received_at);
