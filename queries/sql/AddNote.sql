INSERT INTO notes (day, text, created_at) VALUES ($1::DATE, $2, $3) RETURNING id
