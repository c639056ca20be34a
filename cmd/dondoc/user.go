package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"dondoc"
)

// userAdd creates an account from the command line, acting as the system: it is how the first
// administrator of a new deployment comes to exist.
func userAdd(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	var c config
	var username, name, role string
	var unit int64
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.StringVar(&username, "username", "", "login name (a-z, 0-9, . _ -)")
	fs.StringVar(&name, "name", "", "display name")
	fs.StringVar(&role, "role", "", "role: office, leader, unit_head, unit_officer, viewer, admin")
	fs.Int64Var(&unit, "unit", 0, "id of the unit the role is granted on (covers its subtree)")
	dbFlags(fs, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	password := os.Getenv("DONDOC_PASSWORD")
	if password == "" {
		fmt.Fprint(out, "Mật khẩu: ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	}
	db, err := openDB(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(dondoc.WithActor(ctx, dondoc.SystemActor), dondoc.UserInput{
		Username: username, DisplayName: name, Password: password,
		Grants: []dondoc.Grant{{Role: dondoc.Role(role), UnitID: unit}},
	})
	if err != nil {
		var de *dondoc.Error
		if errors.As(err, &de) {
			return fmt.Errorf("%s: %s", de.Field, de.Message)
		}
		return err
	}
	fmt.Fprintf(out, "Đã tạo tài khoản %s (id %d).\n", u.Username, u.ID)
	return nil
}
