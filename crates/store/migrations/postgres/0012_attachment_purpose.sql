-- A dossier's files are scans of what the applicant handed in, or the
-- result the agency issues electronically (Decision 766 indicator 4.1).
ALTER TABLE attachments ADD COLUMN purpose TEXT NOT NULL DEFAULT 'scan';
