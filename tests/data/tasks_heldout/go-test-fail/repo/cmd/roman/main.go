package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/romanconv/roman"
)

func main() {
	for _, arg := range os.Args[1:] {
		if n, err := strconv.Atoi(arg); err == nil {
			s, err := roman.Format(n)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			fmt.Println(s)
			continue
		}
		n, err := roman.Parse(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(n)
	}
}
