// placeholder for the logon script of build 15.1.2242
