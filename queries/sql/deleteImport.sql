DELETE FROM imports WHERE id = $1
