-- The practice's own notes on days: a campaign launched, a post went out in the
-- newsletter, the practice was closed. They sit on the calendar next to the
-- awareness dates and explain bumps in the numbers.

CREATE SEQUENCE note_ids START 1;
CREATE TABLE notes (
    id         INTEGER PRIMARY KEY DEFAULT nextval('note_ids'),
    day        DATE NOT NULL,           -- the day the note is about, in the practice's calendar
    text       VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL       -- UTC
);
