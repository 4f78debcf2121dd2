-- Notes on the days in [$1, $2], in calendar order; a NULL bound is open.
SELECT id, day, text, created_at
FROM notes
WHERE ($1::DATE IS NULL OR day >= $1::DATE)
  AND ($2::DATE IS NULL OR day <= $2::DATE)
ORDER BY day, id
