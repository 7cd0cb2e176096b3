"""Where the resident is: place and borough names, and UK postcodes, resolved to a borough."""
