package storage

import "fmt"

// itemLock is the first key of the PostgreSQL advisory locks that
// serialise changes to one item which leave no row of their own to
// compare and set (a report back from leave is an audit entry and two
// messages, nothing in the request).
const itemLock = 7215058

// LockItem makes the transaction's further reads of the item key see
// every change another transaction made to it: on PostgreSQL it waits for
// the item's transaction-scoped lock, so a check such as "reported back
// already?" and the write that follows are one step under READ COMMITTED;
// SQLite runs its writing transactions one after another already.
func (tx *Tx) LockItem(key string) error {
	if tx.dialect != "postgres" {
		return nil
	}
	if _, err := exec(tx.db, tx.st.xactLock, itemLock, key); err != nil {
		return fmt.Errorf("lock %s: %w", key, err)
	}
	return nil
}
