package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"officebot/directory"
)

// Person is a row of the directory. People are never deleted: one dropped
// from the directory file is deactivated so history still names them.
type Person struct {
	ID           uint   `gorm:"primaryKey"`
	SlackID      string `gorm:"size:32;uniqueIndex;not null"`
	Name         string `gorm:"size:64;not null"`
	Role         string `gorm:"size:32;not null"`
	DepartmentID string `gorm:"size:64"`
	Deputy       string `gorm:"size:32"`
	Title        string `gorm:"size:64"`
	Admin        bool   `gorm:"not null;default:false"`
	Active       bool   `gorm:"not null;default:true"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Department is a department, town or unit.
type Department struct {
	ID        string `gorm:"primaryKey;size:64"`
	Name      string `gorm:"size:128;not null"`
	Short     string `gorm:"size:64"`
	Kind      string `gorm:"size:16;not null"`
	InCharge  string `gorm:"size:32"`
	Active    bool   `gorm:"not null;default:true"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Channel maps a purpose (leave, documents, meetings, office) to a Slack channel.
type Channel struct {
	Purpose   string `gorm:"primaryKey;size:16"`
	SlackID   string `gorm:"size:32;not null"`
	UpdatedAt time.Time
}

// ImportResult counts what an import changed.
type ImportResult struct {
	People, Departments         int
	Added, Updated, Deactivated int
}

// Changed reports whether the import changed anything.
func (r ImportResult) Changed() bool { return r.Added+r.Updated+r.Deactivated > 0 }

// ImportOrg makes the directory in the database equal to org in one
// transaction: rows that did not change are not written, people and
// departments missing from org are deactivated, and every change is audited.
func (s *Store) ImportOrg(ctx context.Context, org *directory.Org, actor string, at time.Time) (ImportResult, error) {
	res := ImportResult{People: len(org.People), Departments: len(org.Departments)}
	err := s.inTx(ctx, func(tx *gorm.DB) error {
		res.Added, res.Updated, res.Deactivated = 0, 0, 0
		var depts []Department
		if err := tx.Find(&depts).Error; err != nil {
			return fmt.Errorf("load departments: %w", err)
		}
		oldDept := map[string]Department{}
		for _, d := range depts {
			oldDept[d.ID] = d
		}
		seenDept := map[string]bool{}
		for _, d := range org.Departments {
			seenDept[d.ID] = true
			row := Department{ID: d.ID, Name: d.Name, Short: d.Short, Kind: d.Kind, InCharge: d.InCharge, Active: true}
			old, ok := oldDept[d.ID]
			switch {
			case !ok:
				if err := tx.Create(&row).Error; err != nil {
					return fmt.Errorf("add department %s: %w", d.ID, err)
				}
				res.Added++
			case old.Name != row.Name || old.Short != row.Short || old.Kind != row.Kind || old.InCharge != row.InCharge || !old.Active:
				if err := tx.Model(&old).Select("Name", "Short", "Kind", "InCharge", "Active").Updates(row).Error; err != nil {
					return fmt.Errorf("update department %s: %w", d.ID, err)
				}
				res.Updated++
			default:
				continue
			}
			if err := audit(tx, at, actor, "org.department", "dept:"+d.ID, nilIfZero(old, ok), row); err != nil {
				return err
			}
		}
		for id, old := range oldDept {
			if !seenDept[id] && old.Active {
				if err := tx.Model(&old).Update("active", false).Error; err != nil {
					return fmt.Errorf("deactivate department %s: %w", id, err)
				}
				res.Deactivated++
				if err := audit(tx, at, actor, "org.department.deactivate", "dept:"+id, old, nil); err != nil {
					return err
				}
			}
		}

		var people []Person
		if err := tx.Find(&people).Error; err != nil {
			return fmt.Errorf("load people: %w", err)
		}
		oldPerson := map[string]Person{}
		for _, p := range people {
			oldPerson[p.SlackID] = p
		}
		seen := map[string]bool{}
		for _, p := range org.People {
			seen[p.SlackID] = true
			row := Person{SlackID: p.SlackID, Name: p.Name, Role: string(p.Role), DepartmentID: p.Department,
				Deputy: p.Deputy, Title: p.Title, Admin: p.Admin, Active: true}
			old, ok := oldPerson[p.SlackID]
			switch {
			case !ok:
				if err := tx.Create(&row).Error; err != nil {
					return fmt.Errorf("add person %s: %w", p.SlackID, err)
				}
				res.Added++
			case old.Name != row.Name || old.Role != row.Role || old.DepartmentID != row.DepartmentID ||
				old.Deputy != row.Deputy || old.Title != row.Title || old.Admin != row.Admin || !old.Active:
				if err := tx.Model(&old).Select("Name", "Role", "DepartmentID", "Deputy", "Title", "Admin", "Active").Updates(row).Error; err != nil {
					return fmt.Errorf("update person %s: %w", p.SlackID, err)
				}
				res.Updated++
			default:
				continue
			}
			if err := audit(tx, at, actor, "org.person", "person:"+p.SlackID, nilIfZero(old, ok), row); err != nil {
				return err
			}
		}
		for id, old := range oldPerson {
			if !seen[id] && old.Active {
				if err := tx.Model(&old).Update("active", false).Error; err != nil {
					return fmt.Errorf("deactivate person %s: %w", id, err)
				}
				res.Deactivated++
				if err := audit(tx, at, actor, "org.person.deactivate", "person:"+id, old, nil); err != nil {
					return err
				}
			}
		}

		want := map[string]string{"leave": org.Channels.Leave, "documents": org.Channels.Documents,
			"meetings": org.Channels.Meetings, "office": org.Channels.Office}
		var chans []Channel
		if err := tx.Find(&chans).Error; err != nil {
			return fmt.Errorf("load channels: %w", err)
		}
		have := map[string]string{}
		for _, c := range chans {
			have[c.Purpose] = c.SlackID
		}
		for purpose, id := range want {
			old, ok := have[purpose]
			if ok && old == id {
				continue
			}
			if err := tx.Save(&Channel{Purpose: purpose, SlackID: id}).Error; err != nil {
				return fmt.Errorf("save channel %s: %w", purpose, err)
			}
			if ok {
				res.Updated++
			} else {
				res.Added++
			}
			if err := audit(tx, at, actor, "org.channel", "channel:"+purpose, old, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import directory: %w", err)
	}
	s.orgMu.Lock()
	s.orgAt = time.Time{} // the next Org looks at the fingerprint
	s.orgMu.Unlock()
	return res, nil
}

func nilIfZero[T any](v T, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

// People counts the people of the directory, inactive ones included.
func (tx *Tx) People() (int64, error) {
	var n int64
	if err := tx.db.Model(&Person{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count people: %w", err)
	}
	return n, nil
}

// loadOrg reads the directory, inactive people included (Org's lookups skip them).
func loadOrg(db *gorm.DB) (*directory.Org, error) {
	var (
		people []Person
		depts  []Department
		chans  []Channel
	)
	if err := db.Order("id").Find(&people).Error; err != nil {
		return nil, fmt.Errorf("load people: %w", err)
	}
	if err := db.Where("active = ?", true).Order("id").Find(&depts).Error; err != nil {
		return nil, fmt.Errorf("load departments: %w", err)
	}
	if err := db.Find(&chans).Error; err != nil {
		return nil, fmt.Errorf("load channels: %w", err)
	}
	org := &directory.Org{}
	for _, c := range chans {
		switch c.Purpose {
		case "leave":
			org.Channels.Leave = c.SlackID
		case "documents":
			org.Channels.Documents = c.SlackID
		case "meetings":
			org.Channels.Meetings = c.SlackID
		case "office":
			org.Channels.Office = c.SlackID
		}
	}
	for _, d := range depts {
		org.Departments = append(org.Departments, directory.Department{ID: d.ID, Name: d.Name, Short: d.Short, Kind: d.Kind, InCharge: d.InCharge})
	}
	for _, p := range people {
		org.People = append(org.People, directory.Person{SlackID: p.SlackID, Name: p.Name, Role: directory.Role(p.Role),
			Department: p.DepartmentID, Deputy: p.Deputy, Title: p.Title, Admin: p.Admin, Active: p.Active})
	}
	return org, nil
}

// orgRecheck is how long Org serves the directory it read without looking
// at the fingerprint again. The fingerprint query was a quarter of the CPU
// of a /rules answer (issue 15); a directory changes a few times a year.
const orgRecheck = time.Second

// Org reads the directory from the store. Every request needs it, so the
// last one read is kept and read again only when a cheap fingerprint of the
// three tables (row counts and latest change) moves, checked at most once a
// second: an import by this process shows at the next request (ImportOrg
// forgets the check), one by another replica within a second. Callers must
// not modify the returned Org.
func (s *Store) Org(ctx context.Context) (*directory.Org, error) {
	s.orgMu.Lock()
	if s.org != nil && !s.orgAt.IsZero() && time.Since(s.orgAt) < orgRecheck {
		org := s.org
		s.orgMu.Unlock()
		return org, nil
	}
	s.orgMu.Unlock()
	checked := time.Now()
	db := s.DB.WithContext(ctx)
	var fp orgFingerprint
	err := db.Raw(`SELECT
		(SELECT COUNT(*) FROM people) AS people,
		(SELECT MAX(updated_at) FROM people) AS people_at,
		(SELECT COUNT(*) FROM departments) AS departments,
		(SELECT MAX(updated_at) FROM departments) AS departments_at,
		(SELECT COUNT(*) FROM channels) AS channels,
		(SELECT MAX(updated_at) FROM channels) AS channels_at`).Scan(&fp).Error
	if err != nil {
		return nil, fmt.Errorf("directory fingerprint: %w", err)
	}
	s.orgMu.Lock()
	cached, same := s.org, s.orgFP == fp
	if cached != nil && same {
		s.orgAt = checked
	}
	s.orgMu.Unlock()
	if cached != nil && same {
		return cached, nil
	}
	org, err := loadOrg(db)
	if err != nil {
		return nil, err
	}
	s.orgMu.Lock()
	s.org, s.orgFP, s.orgAt = org, fp, checked
	s.orgMu.Unlock()
	return org, nil
}

// orgFingerprint changes whenever a directory row is added, changed or
// deactivated.
type orgFingerprint struct {
	People        int64
	PeopleAt      sql.NullString
	Departments   int64
	DepartmentsAt sql.NullString
	Channels      int64
	ChannelsAt    sql.NullString
}
