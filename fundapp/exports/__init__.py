"""Documents and files a fund hands out: PDF letters and forms, spreadsheets, CSV.

They take plain values (amounts in đồng, dates, texts) and know nothing of the database.
"""
