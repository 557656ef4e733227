module example.com/romanconv

go 1.19
