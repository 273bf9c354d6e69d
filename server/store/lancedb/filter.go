package lancedb

import (
	"strconv"
	"strings"
)

// sqlString quotes s as an SQL string literal (DataFusion syntax: single
// quotes, an embedded quote doubled; backslashes are not escapes).
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// inFilter is "col IN ('a', 'b')".
func inFilter(col string, values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = sqlString(v)
	}
	return col + " IN (" + strings.Join(quoted, ", ") + ")"
}

// staleFilter selects every version of ids except the one stamped keep.
func staleFilter(ids []string, keep int64) string {
	return inFilter(colID, ids) + " AND " + colUpdatedAt + " <> " + strconv.FormatInt(keep, 10)
}

// olderFilter selects the versions of id older than newest.
func olderFilter(id string, newest int64) string {
	return colID + " = " + sqlString(id) + " AND " + colUpdatedAt + " < " + strconv.FormatInt(newest, 10)
}

func docFilter(docID string) string { return colDocID + " = " + sqlString(docID) }
