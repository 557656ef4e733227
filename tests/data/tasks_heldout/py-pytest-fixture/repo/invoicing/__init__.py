from .totals import line_total, invoice_total, vat
from .dates import due_date
