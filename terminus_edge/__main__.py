from terminus_edge.cli import main

main()
