"""Entry file for ``spark-submit``: runs the detente CLI on the driver of the submitted application.

``spark-submit [options] "$(python -c 'import detente.events.spark_submit as m; print(m.__file__)')"
events summary s3a://bucket/lake --engine spark --out s3a://bucket/out``. Absolute imports only:
spark-submit runs this file as a script.
"""

if __name__ == "__main__":
    from detente.cli import main

    main()
