package sqldb

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"dondoc"
	"dondoc/internal/vntext"
)

// actorID returns the user id of the transaction's actor, or nil for system work.
func (tx *Tx) actorID() *int64 {
	if tx.actor == nil || tx.actor.UserID == 0 {
		return nil
	}
	id := tx.actor.UserID
	return &id
}

func (tx *Tx) actorName() string {
	if tx.actor == nil {
		return "system"
	}
	return tx.actor.Username
}

// audit writes one audit row in the same transaction as the change it records, so that no change
// can commit without its trace. before and after are marshalled to JSON; nil means absent.
func (tx *Tx) audit(action, objectType string, objectID int64, before, after any) error {
	b, err := jsonText(before)
	if err != nil {
		return err
	}
	a, err := jsonText(after)
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO audit_log (actor_id, actor, action, object_type, object_id, at, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tx.actorID(), tx.actorName(), action, objectType, objectID, tx.now, b, a)
	return err
}

// event appends an entry to a task's timeline.
func (tx *Tx) event(taskID int64, kind, note string, data any) error {
	d, err := jsonText(data)
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO task_events (task_id, kind, actor_id, actor, at, note, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		taskID, kind, tx.actorID(), tx.actorName(), tx.now, note, d)
	return err
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// searchTables names the SQLite full-text table of each kind of searchable object.
var searchTables = map[string]string{"task": "task_fts", "document": "document_fts"}

// index stores the folded text of an object for full-text search. Text is folded in Go (đ→d and
// every mark dropped) because neither engine folds Vietnamese correctly by itself.
func (tx *Tx) index(objectType string, objectID int64, parts ...string) error {
	return tx.writeIndex(objectType, objectID, true, parts)
}

// indexNew indexes an object just inserted, which has no entry to replace yet.
func (tx *Tx) indexNew(objectType string, objectID int64, parts ...string) error {
	return tx.writeIndex(objectType, objectID, false, parts)
}

func (tx *Tx) writeIndex(objectType string, objectID int64, replace bool, parts []string) error {
	folded := vntext.Fold(strings.Join(parts, " "))
	if tx.db.Engine == Postgres {
		_, err := tx.exec(`INSERT INTO search_docs (object_type, object_id, folded) VALUES (?, ?, ?)
			ON CONFLICT (object_type, object_id) DO UPDATE SET folded = excluded.folded`, objectType, objectID, folded)
		return err
	}
	table, ok := searchTables[objectType]
	if !ok {
		return fmt.Errorf("index: no search table for %q", objectType)
	}
	if replace {
		if _, err := tx.Exec(`DELETE FROM `+table+` WHERE rowid = ?`, objectID); err != nil {
			return err
		}
	}
	_, err := tx.Exec(`INSERT INTO `+table+` (rowid, folded) VALUES (?, ?)`, objectID, folded)
	return err
}

// searchCondition returns an SQL condition selecting objects of a type whose folded text holds
// every term of q, the last one as a prefix since it may still be being typed, with its arguments.
// Earlier terms match whole words: a prefix search for a common syllable costs several times more
// and people type whole syllables. ok is false when q has no terms.
func (db *DB) searchCondition(idColumn, objectType, q string) (cond string, args []any, ok bool) {
	terms := vntext.FoldQuery(q)
	if len(terms) == 0 {
		return "", nil, false
	}
	if db.Engine == Postgres {
		parts := make([]string, len(terms))
		for i, t := range terms {
			parts[i] = t
		}
		parts[len(parts)-1] += ":*"
		return idColumn + ` IN (SELECT object_id FROM search_docs WHERE object_type = ? AND tsv @@ to_tsquery('simple', ?))`,
			[]any{objectType, strings.Join(parts, " & ")}, true
	}
	table := searchTables[objectType]
	return idColumn + ` IN (SELECT rowid FROM ` + table + ` WHERE ` + table + ` MATCH ?)`, []any{ftsQuery(terms)}, true
}

// ftsQuery writes folded terms as an FTS5 query: every term whole, the last also as a prefix.
func ftsQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + t + `"`
	}
	parts[len(parts)-1] += "*"
	return strings.Join(parts, " ")
}

// searchSource is how a list query reads its matches from the full-text index: a join (SQLite,
// so that FTS5 drives the query in id order), the match condition, and the column that orders
// the matches by id.
type searchSource struct {
	join  string
	cond  string
	args  []any
	order string
}

// searchSource returns the parts a list query needs to list objects matching q by id, newest
// first. ok is false when q has no terms.
func (db *DB) searchSource(idColumn, objectType, q string) (searchSource, bool) {
	if db.Engine == Postgres {
		cond, args, ok := db.searchCondition(idColumn, objectType, q)
		return searchSource{cond: cond, args: args, order: idColumn}, ok
	}
	terms := vntext.FoldQuery(q)
	if len(terms) == 0 {
		return searchSource{}, false
	}
	table := searchTables[objectType]
	return searchSource{
		join:  ` JOIN ` + table + ` ON ` + table + `.rowid = ` + idColumn,
		cond:  table + ` MATCH ?`,
		args:  []any{ftsQuery(terms)},
		order: table + `.rowid`,
	}, true
}

// scopeCondition returns the SQL condition that limits rows to the actor's units: the column must
// name a unit inside one of the subtrees the actor's grants cover. It is applied inside queries so
// that a handler that forgets a check still cannot see another unit's rows.
func scopeCondition(a *dondoc.Actor, unitColumns ...string) (cond string, args []any) {
	paths, all := a.ScopePaths()
	if all {
		return "1=1", nil
	}
	if len(paths) == 0 {
		return "1=0", nil
	}
	var ors []string
	for _, col := range unitColumns {
		for _, p := range paths {
			ors = append(ors, col+" IN (SELECT id FROM units WHERE path >= ? AND path < ?)")
			args = append(args, p, p+"~")
		}
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// cursor encodes a keyset position (sort value and id) opaquely for clients.
func encodeCursor(key string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key + "|" + strconv.FormatInt(id, 10)))
}

// decodeCursor reverses encodeCursor and rejects anything a client may have tampered with.
func decodeCursor(c string) (key string, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, badCursor()
	}
	s := string(b)
	i := strings.LastIndexByte(s, '|')
	if i < 0 {
		return "", 0, badCursor()
	}
	id, err = strconv.ParseInt(s[i+1:], 10, 64)
	if err != nil {
		return "", 0, badCursor()
	}
	return s[:i], id, nil
}

func badCursor() error {
	return dondoc.Invalid("cursor", "Con trỏ trang không hợp lệ.", "Invalid page cursor.")
}

// unitPath loads a unit's path inside a transaction, reporting a missing unit as bad input in the
// named field: a client that names an unknown unit made a mistake in that field.
func (tx *Tx) unitPath(field string, id int64) (string, error) {
	var p string
	err := tx.get("unit", &p, `SELECT path FROM units WHERE id = ?`, id)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return "", dondoc.Invalid(field, "Đơn vị không tồn tại.", "Unknown unit.")
	}
	return p, err
}
