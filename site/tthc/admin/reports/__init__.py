"""Staff reports without personal data: QR scan counts, ratings and page votes, and the yearly
administrative-reform report (page and spreadsheet)."""
