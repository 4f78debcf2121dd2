package queries

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSharesRoundTripWithViews(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	created := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	fixed := Share{Label: "Consultant", TokenHash: "aa", PasswordHash: "$2a$hash", From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), Platforms: []string{"instagram", "tiktok"}, AllowReports: true,
		CreatedAt: created, ExpiresAt: created.AddDate(0, 0, 30)}
	id1, err := db.CreateShare(ctx, fixed)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := db.CreateShare(ctx, Share{Label: "Rolling", TokenHash: "bb", LastDays: 90, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateShare(ctx, Share{Label: "Same token", TokenHash: "aa", CreatedAt: created, ExpiresAt: created}); err == nil {
		t.Error("a second link with the same token hash was stored")
	}
	got, err := db.ShareByTokenHash(ctx, "aa")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id1 || got.Label != "Consultant" || got.PasswordHash != "$2a$hash" || !got.From.Equal(fixed.From) || !got.To.Equal(fixed.To) ||
		got.LastDays != 0 || len(got.Platforms) != 2 || got.Platforms[1] != "tiktok" || !got.AllowReports ||
		!got.ExpiresAt.Equal(fixed.ExpiresAt) || !got.RevokedAt.IsZero() {
		t.Fatalf("share read back: %+v", got)
	}
	if _, err := db.ShareByTokenHash(ctx, "cc"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown hash: %v", err)
	}
	for i, at := range []time.Time{created.Add(time.Hour), created.Add(2 * time.Hour)} {
		if err := db.RecordShareView(ctx, ShareView{ShareID: id1, At: at, Path: "/content", ClientHash: "c1", UserAgent: "UA"}); err != nil {
			t.Fatal(i, err)
		}
	}
	if err := db.RevokeShare(ctx, id2, created.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeShare(ctx, id2, created.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeShare(ctx, 99, created); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke unknown: %v", err)
	}
	list, err := db.Shares(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != id2 || list[0].LastDays != 90 || list[0].Platforms != nil || list[0].Views != 0 ||
		!list[0].RevokedAt.Equal(created.Add(3*time.Hour)) || list[1].Views != 2 || !list[1].LastViewed.Equal(created.Add(2*time.Hour)) {
		t.Fatalf("list: %+v", list)
	}
	log, err := db.ShareViews(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Label != "Consultant" || !log[0].At.Equal(created.Add(2*time.Hour)) || log[0].Path != "/content" {
		t.Fatalf("audit log: %+v", log)
	}
}
