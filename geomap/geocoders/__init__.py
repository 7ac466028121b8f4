"""Online geocoders behind the gazetteer, through geopy: polite, cached, optional.

:mod:`.base` owns rate limiting, retries and the cache (:mod:`.cache`); :mod:`.services`
builds a geocoder by name.
"""
