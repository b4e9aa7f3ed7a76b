"""The period a dashboard covers, and the one before it to compare with."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone

LONGEST = timedelta(days=5 * 366)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period just before, of the same length (as many months, for whole months)."""
        after = self.end + timedelta(days=1)
        if self.start.day == 1 and after.day == 1:
            span = (after.year - self.start.year) * 12 + after.month - self.start.month
            start = add_months(self.start, -span)
            end = self.start - timedelta(days=1)
        else:
            end = self.start - timedelta(days=1)
            start = end - timedelta(days=self.days - 1)
        return Period(start, end, f"{start:%d/%m/%Y} to {end:%d/%m/%Y}")

    def query(self, choice: str) -> str:
        if choice == CUSTOM:
            return f"period={CUSTOM}&start={self.start:%d/%m/%Y}&end={self.end:%d/%m/%Y}"
        return f"period={choice}"


def add_months(day: date, months: int) -> date:
    """The first of the month some months before or after a first of the month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def financial_year_start(day: date) -> date:
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def preset(choice: str, today: date) -> Period:
    this_month = _month_start(today)
    if choice == "quarter":
        start = add_months(this_month, -3)
        end = this_month - timedelta(days=1)
        return Period(start, end, f"The last 3 full months ({start:%B %Y} to {end:%B %Y})")
    if choice == "financial-year":
        start = financial_year_start(today)
        return Period(start, today, f"This financial year so far (from {start:%d/%m/%Y})")
    if choice == "last-financial-year":
        start = add_months(financial_year_start(today), -12)
        end = financial_year_start(today) - timedelta(days=1)
        return Period(start, end, f"Last financial year ({start:%Y} to {end:%Y})")
    start = add_months(this_month, -12)
    end = this_month - timedelta(days=1)
    return Period(start, end, f"The last 12 full months ({start:%B %Y} to {end:%B %Y})")


CUSTOM = "custom"
CHOICES = [
    ("year", "The last 12 full months"),
    ("quarter", "The last 3 full months"),
    ("financial-year", "This financial year so far"),
    ("last-financial-year", "Last financial year"),
    (CUSTOM, "Dates I choose"),
]
DEFAULT = "year"


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Period", choices=CHOICES, initial=DEFAULT, required=False)
    start = forms.DateField(
        label="From", required=False, help_text="For dates you choose: day/month/year."
    )
    end = forms.DateField(label="To", required=False, help_text="Day/month/year.")

    def clean(self):
        data = super().clean()
        if data.get("period") != CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        today = timezone.localdate()
        if not start and "start" not in self.errors:
            self.add_error("start", "Enter the first day of the period, for example 01/04/2025.")
        if not end and "end" not in self.errors:
            self.add_error("end", "Enter the last day of the period, for example 31/03/2026.")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif end - start > LONGEST:
                self.add_error("end", "Choose a period of at most five years.")
            elif start > today:
                self.add_error("start", "The period must start on or before today.")
        return data

    def chosen(self) -> tuple[str, Period]:
        """The period asked for, or the last 12 months when the form is empty or wrong."""
        today = timezone.localdate()
        if self.is_bound and self.is_valid():
            choice = self.cleaned_data.get("period") or DEFAULT
            if choice == CUSTOM:
                start, end = self.cleaned_data["start"], self.cleaned_data["end"]
                return choice, Period(start, end, f"{start:%d/%m/%Y} to {end:%d/%m/%Y}")
            return choice, preset(choice, today)
        return DEFAULT, preset(DEFAULT, today)
