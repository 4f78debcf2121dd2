package ingest

import "errors"

// readWorkbook reads an .xls (BIFF8) or .xlsx file into text cells.
func readWorkbook(name string, raw []byte) (*workbook, error) {
	return nil, errors.New("not yet")
}
