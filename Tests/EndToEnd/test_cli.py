"""The `tilsyn` command line as an operator uses it: demo, migrate, import, visits."""
import re

from conftest import run_cli


def test_demo_then_visits_generate_creates_nothing_twice(data_dir):
    demo = run_cli("demo", "--seed", "5", data_dir=data_dir)
    assert "zones: 6" in demo.stdout
    assert "recipients: 280" in demo.stdout
    visits_today = int(re.search(r"visits today: (\d+)", demo.stdout).group(1))
    assert 560 <= visits_today <= 840

    first = run_cli("visits", "generate", "--date", "2030-01-07", data_dir=data_dir)
    created = int(re.search(r"(\d+) visits created", first.stdout).group(1))
    assert created > 0
    second = run_cli("visits", "generate", "--date", "2030-01-07", data_dir=data_dir)
    assert "0 visits created" in second.stdout
    assert f"{created} already there" in second.stdout

    again = run_cli("demo", data_dir=data_dir, check=False)
    assert again.returncode != 0
    assert "empty" in again.stderr


def test_migrate_reports_schema_version(data_dir):
    result = run_cli("migrate", data_dir=data_dir)
    assert re.search(r"schema version \d+", result.stdout)


def test_import_rejects_a_bad_file_with_its_line_and_writes_nothing(data_dir, tmp_path):
    zones = tmp_path / "zones.csv"
    zones.write_text("unit,zone\nHjemmetjenesten Vest,Hamna\n", encoding="utf-8")
    assert "Imported 1 zones" in run_cli("import", "zones", str(zones), data_dir=data_dir).stdout

    staff = tmp_path / "staff.csv"
    staff.write_text(
        "employee_number,given_name,family_name,role,zone\n"
        "S1,Kari,Nordmann,sykepleier,Hamna\n"
        "S2,Ola,Nordmann,helsefagarbeider,Hamna\n"
        "S3,Per,Nordmann,helsefagarbeider,Ukjent sone\n",
        encoding="utf-8",
    )
    rejected = run_cli("import", "staff", str(staff), data_dir=data_dir, check=False)
    assert rejected.returncode == 65
    assert "line 4, column 'zone'" in rejected.stderr
    assert "nothing was written" in rejected.stderr

    staff.write_text(
        "employee_number,given_name,family_name,role,zone\nS1,Kari,Nordmann,sykepleier,Hamna\n", encoding="utf-8"
    )
    assert "Imported 1 staff" in run_cli("import", "staff", str(staff), data_dir=data_dir).stdout


def test_import_of_an_unknown_kind_is_a_clear_error(data_dir, tmp_path):
    file = tmp_path / "x.csv"
    file.write_text("a\n1\n", encoding="utf-8")
    result = run_cli("import", "pasienter", str(file), data_dir=data_dir, check=False)
    assert result.returncode != 0
    assert "Unknown kind 'pasienter'" in result.stderr


def test_account_password_creates_a_sign_in_from_standard_input(data_dir, tmp_path):
    zones = tmp_path / "zones.csv"
    zones.write_text("unit,zone\nHjemmetjenesten Vest,Hamna\n", encoding="utf-8")
    run_cli("import", "zones", str(zones), data_dir=data_dir)
    staff = tmp_path / "staff.csv"
    staff.write_text("employee_number,given_name,family_name,role,zone\nADM1,Ada,Admin,administrator,\n", encoding="utf-8")
    run_cli("import", "staff", str(staff), data_dir=data_dir)

    import subprocess

    from conftest import ROOT, tilsyn_binary

    result = subprocess.run(
        [tilsyn_binary(), "account", "password", "ADM1", "--data-dir", str(data_dir)],
        input="et-langt-passord\n", cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "'adm1' can sign in" in result.stdout
    short = subprocess.run(
        [tilsyn_binary(), "account", "password", "ADM1", "--data-dir", str(data_dir)],
        input="kort\n", cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert short.returncode != 0
    assert "at least 10 characters" in short.stderr
