from terminus_edge.entry import main

main()
