"""Leernet's date formats (``FORMAT_MODULE_PATH``): one Dutch style, "29 okt. 2026", and one
English style, "29 Oct 2026", for every named format a template or Python may use.

Dutch writes abbreviated months with a full stop, except "mei" (CLDR's Dutch medium date).
Django's "N" format (month, "abbrev. month" context) gives that once our catalogue
translates its month names, which Django's own Dutch catalogue abbreviates without stops.
The msgids below are Django's; they are listed here so makemessages keeps them in our
catalogue, whose translations win over Django's.
"""

from django.utils.translation import pgettext_lazy

MONTHS_ABBREVIATED = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
