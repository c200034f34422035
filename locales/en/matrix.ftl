## Matrix: which brand sees which field, and in what form (ui/src/screens/Matrix.svelte).

matrix-title = Who sees what
# The label of the box that searches brands by name.
matrix-search = Brand
matrix-empty = Nothing to show yet: add fields to your profile and brands to share with.
# The heading of the table's first column (the fields).
matrix-field = Field
# Buttons that page through the table's rows (fields) and columns (brands).
matrix-previous-fields = Previous fields
matrix-next-fields = Next fields
matrix-previous-brands = Previous brands
matrix-next-brands = Next brands
# Which rows are shown: $first and $last are positions, $total the number of fields ("fields 1–25 of 40").
matrix-fields-range = fields { $first }–{ $last } of { $total }
# Which columns are shown: $first and $last are positions, $total the number of brands ("brands 1–8 of 12").
matrix-brands-range = brands { $first }–{ $last } of { $total }
