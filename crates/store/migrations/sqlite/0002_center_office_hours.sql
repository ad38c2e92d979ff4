-- A center's office sessions in the text form of OfficeHours; empty is the default week.
ALTER TABLE centers ADD COLUMN office_hours TEXT NOT NULL DEFAULT '';
