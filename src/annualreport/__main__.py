from annualreport.main import main

main()
