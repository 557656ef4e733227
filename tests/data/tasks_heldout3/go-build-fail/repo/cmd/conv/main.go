package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/conv/internal/units"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: conv VALUE FROM TO")
		os.Exit(2)
	}
	v, err := strconv.ParseFloat(os.Args[1], 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out, err := units.ConvertLength(v, os.Args[2], os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(strconv.FormatFloat(out, 'g', 6, 64), os.Args[3])
}
