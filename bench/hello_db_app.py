"""The baseline of `dltutor cards show`: a one-command Typer app plus the database open, as dltutor opens
it for a command that reads (`store.db.open_db(write=False)`: the header, schema and page checks,
read-only), then reads one card's row and its review log."""

import sys

import typer

app = typer.Typer()


@app.command()
def show(card_id: int) -> None:
    from dltutor.store.db import open_db

    conn = open_db(write=False)
    row = conn.execute("SELECT * FROM cards WHERE id = ?", (card_id,)).fetchone()
    log = conn.execute("SELECT * FROM review_log WHERE card_id = ? ORDER BY id", (card_id,)).fetchall()
    conn.close()
    sys.stdout.write(f"{row}\n{len(log)} reviews\n")


if __name__ == "__main__":
    app()
