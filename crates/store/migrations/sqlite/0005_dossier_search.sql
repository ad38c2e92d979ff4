-- Finding a dossier by the applicant's identity number or phone.
CREATE INDEX dossiers_applicant_id_number ON dossiers(applicant_id_number);
CREATE INDEX dossiers_applicant_phone ON dossiers(applicant_phone);
