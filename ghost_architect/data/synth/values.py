"""Realistic sample values and UI labels for catalogue columns (Faker for names, dates, places)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from faker import Faker

from ghost_architect.data.synth.catalogue import ColumnSpec

SYNONYMS: dict[str, list[str]] = {
    "email": ["Email", "E-mail", "Email address", "E-mail address"],
    "contact_email": ["Contact email", "Contact e-mail", "Email"],
    "customer_email": ["Customer email", "E-mail"],
    "owner_email": ["Owner email", "Owner e-mail"],
    "phone": ["Phone", "Phone number", "Telephone", "Mobile"],
    "first_name": ["First name", "Given name", "First Name"],
    "last_name": ["Last name", "Surname", "Family name"],
    "full_name": ["Full name", "Name"],
    "date_of_birth": ["Date of birth", "Birth date", "DOB"],
    "birth_date": ["Birth date", "Date of birth", "Born"],
    "created_at": ["Created", "Created at", "Created on"],
    "is_active": ["Active", "Is active", "Enabled"],
    "stock_quantity": ["Stock", "Quantity in stock", "Stock qty"],
    "quantity": ["Quantity", "Qty"],
    "unit_price": ["Unit price", "Price per unit", "Price"],
    "total_amount": ["Total", "Total amount", "Amount"],
    "sku": ["SKU", "Item code", "Product code"],
    "isbn": ["ISBN"],
    "iban": ["IBAN", "Account number"],
    "description": ["Description", "Details"],
    "street_address": ["Street address", "Address", "Street"],
    "postal_code": ["Postal code", "ZIP", "Postcode"],
    "notes": ["Notes", "Remarks", "Comments"],
    "status": ["Status", "State"],
    "display_name": ["Display name", "Name", "Public name"],
    "username": ["Username", "User name", "Handle"],
    "company": ["Company", "Company name", "Organization"],
    "company_name": ["Company name", "Company", "Client name"],
    "country": ["Country", "Country/Region"],
    "city": ["City", "Town", "City/Town"],
    "price": ["Price", "Unit price", "Amount"],
    "title": ["Title", "Name", "Subject"],
    "hire_date": ["Hire date", "Start date", "Hired on"],
    "salary": ["Salary", "Annual salary", "Base salary"],
    "joined_on": ["Joined on", "Member since", "Join date"],
    "due_date": ["Due date", "Due", "Due on"],
    "website": ["Website", "Web site", "URL"],
    "password_hash": ["Password", "Password", "Create password"],
    "bio": ["Bio", "About", "Biography"],
    "body": ["Body", "Content", "Message"],
    "content": ["Content", "Post", "Text"],
    "summary": ["Summary", "Notes"],
    "priority": ["Priority", "Urgency"],
    "amount": ["Amount", "Sum", "Total"],
}

WORDS: dict[str, list[str]] = {
    "department": ["Engineering", "Sales", "Finance", "Marketing", "Support", "Physics"],
    "subject": ["Mathematics", "History", "Biology", "Chemistry", "English", "Art"],
    "role": ["Developer", "Designer", "Manager", "Analyst", "QA engineer"],
    "team": ["Tier 1", "Tier 2", "Billing", "Onboarding"],
    "category": ["Groceries", "Travel", "Utilities", "Salary", "Dining"],
    "industry": ["Retail", "Healthcare", "Software", "Logistics", "Finance"],
    "make": ["Toyota", "Ford", "Honda", "Volkswagen", "Tesla", "BMW"],
    "model": ["Corolla", "Focus", "Civic", "Golf", "Model 3", "X3", "Actros"],
    "medium": ["Oil on canvas", "Bronze", "Watercolour", "Photography"],
    "breed": ["Labrador", "Siamese", "Beagle", "Persian", "Dutch"],
    "soil_type": ["Loam", "Clay", "Sandy", "Silt"],
    "dosage": ["10 mg daily", "5 ml twice a day", "200 mg as needed"],
    # words of procedural domains (procedural.toml); no catalogue column has these names
    "job_title": ["Accountant", "Nurse", "Site manager", "Buyer", "Technician", "Coordinator"],
    "region": ["North", "South", "EMEA", "APAC", "Midwest", "Central"],
    "color": ["Red", "Blue", "Green", "Black", "Silver", "Orange"],
    "cuisine": ["Italian", "Thai", "Mexican", "Indian", "French", "Japanese"],
    "jurisdiction": ["California", "New York", "England and Wales", "Ontario", "Bavaria"],
    "court": ["District Court", "Court of Appeal", "Family Court", "High Court"],
    "section": ["News", "Sport", "Business", "Culture", "Opinion"],
    "track": ["Backend", "Frontend", "Data", "Security", "Leadership"],
    "crop_variety": ["Winter wheat", "Spring barley", "Sweetcorn", "Rapeseed"],
    "units": ["mg/dL", "mmol/L", "g/L", "U/L", "%"],
    "rank": ["Captain", "Chief officer", "Engineer", "Able seaman", "Cook"],
    "ward": ["Ward 1", "Ward 4", "Riverside", "Old Town", "Hillcrest"],
    "weather": ["Sunny", "Rain", "Overcast", "Windy", "Snow"],
    "state_province": ["Texas", "Ontario", "Bavaria", "Queensland", "Ohio"],
    "time_slot": ["08:00-10:00", "10:00-12:00", "13:00-15:00", "15:00-17:00"],
    "owner_team": ["Platform", "Security", "Finance", "IT operations", "Legal"],
}

MONEY_STYLES = ("${:,.2f}", "{:,.2f} €", "£{:,.2f}", "{:,.2f}")
DATE_STYLES = ("%Y-%m-%d", "%b %d, %Y", "%d/%m/%Y", "%d %b %Y")
TIME_STYLES = ("%Y-%m-%d %H:%M", "%b %d, %Y %I:%M %p", "%d/%m/%Y %H:%M")

ACRONYMS = ("vip", "hvac", "pg13", "pi", "pg", "qa", "doi", "sku", "ndc", "iata", "vat")
ACRONYMS += ("iban", "isbn")
UNITS = {"kg": "(kg)", "km": "(km)", "sqm": "(m²)", "hectares": "(ha)", "tonnes": "(t)"}


def humanize(name: str) -> str:
    """'area_sqm' -> 'Area (m²)', 'vat_number' -> 'VAT number', 'customer_id' -> 'Customer'."""
    words = name.removesuffix("_id").split("_")
    text = " ".join(UNITS.get(w, w.upper() if w in ACRONYMS else w) for w in words)
    return text[:1].upper() + text[1:]


def label_for(spec: ColumnSpec, rng: random.Random) -> str:
    """A UI label for a column: a synonym where common, else its humanized name."""
    if spec.name in SYNONYMS:
        return rng.choice(SYNONYMS[spec.name])
    if spec.kind == "bool" and spec.name.startswith("is_") and rng.random() < 0.6:
        return humanize(spec.name.removeprefix("is_"))
    return humanize(spec.name)


def option_label(value: str) -> str:
    if len(value) <= 2 or value in ACRONYMS:
        return value.upper()
    return value.replace("_", " ").capitalize()


class ValueMaker:
    """Sample values for one screen, in one consistent style (currency, date format)."""

    def __init__(self, rng: random.Random, faker: Faker) -> None:
        self.rng = rng
        self.faker = faker
        self.money = rng.choice(MONEY_STYLES)
        self.date_style = rng.choice(DATE_STYLES)
        self.time_style = rng.choice(TIME_STYLES)
        self.today = date(2026, 1, 1) + timedelta(days=rng.randrange(300))

    def date(self, back_days: int = 900, ahead_days: int = 120) -> date:
        return self.today + timedelta(days=self.rng.randint(-back_days, ahead_days))

    def value(self, spec: ColumnSpec, row: dict[str, str]) -> str:
        """A display value for ``spec``; ``row`` holds values already made for this row."""
        r, f, kind, name = self.rng, self.faker, spec.kind, spec.name
        if kind == "first":
            return f.first_name()
        if kind == "last":
            return f.last_name()
        if kind == "name":
            if "first_name" in row and "last_name" in row:
                return f"{row['first_name']} {row['last_name']}"
            return f.name()
        if kind == "email":
            person = row.get("full_name") or row.get("display_name") or f.name()
            names = [w for w in person.split() if w.isalpha() and not w.isupper()] or ["info"]
            first = row.get("first_name") or names[0]
            last = row.get("last_name") or names[-1]
            local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
            return f"{local}@{f.free_email_domain()}"
        if kind == "phone":
            return f.phone_number()
        if kind == "company":
            return f.company()
        if kind == "title":
            return self._title(name)
        if kind == "word":
            choices = WORDS.get(name)
            return r.choice(choices) if choices else f.word().capitalize()
        if kind == "street":
            return f.street_address()
        if kind == "city":
            return f.city()
        if kind == "country":
            return f.country()
        if kind == "zip":
            return f.postcode()
        if kind == "url":
            return f.url()
        if kind == "code":
            return self._code(name)
        if kind == "text":
            return f.sentence(nb_words=r.randint(5, 10))
        if kind in ("int", "qty"):
            return str(r.randint(0, 40) if kind == "qty" else r.randint(1, 12))
        if kind == "year":
            return str(r.randint(1950, 2026))
        if kind == "rating":
            return str(r.randint(1, 5))
        if kind == "money":
            return self.money.format(r.uniform(5, 2500))
        if kind == "pct":
            return (
                f"{r.uniform(0, 100):.1f}%"
                if "rate" not in name
                else f"{r.choice([5, 7, 10, 20])}%"
            )
        if kind == "decimal":
            return f"{r.uniform(0.5, 900):.1f}"
        if kind == "date":
            day = self.date(back_days=80 * 365, ahead_days=-18 * 365) if "birth" in name else None
            return (day or self.date()).strftime(self.date_style)
        if kind == "ts":
            moment = datetime.combine(self.date(), datetime.min.time()) + timedelta(
                minutes=r.randrange(7 * 60, 20 * 60, 15)
            )
            return moment.strftime(self.time_style)
        if kind == "bool":
            return r.choice(["Yes", "No"])
        if kind == "secret":
            return ""
        if kind == "enum":
            return option_label(r.choice(spec.options))
        return f.word()

    def _title(self, name: str) -> str:
        f = self.faker
        if name in ("title", "name") or name.endswith("title"):
            return f.catch_phrase()
        if name in ("medication",):
            return f.word().capitalize() + self.rng.choice(["ol", "ine", "ex", "amab"])
        return " ".join(w.capitalize() for w in f.words(self.rng.randint(2, 3)))

    def _code(self, name: str) -> str:
        r, f = self.rng, self.faker
        if name == "isbn":
            return f.isbn13()
        if name == "iban":
            return f.iban()
        if name == "iata_code":
            return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        if name in ("username", "slug"):
            return f.user_name() if name == "username" else f.slug()
        prefix = "".join(w[0] for w in name.split("_")).upper()[:3]
        return f"{prefix}-{r.randint(1000, 99999)}"
