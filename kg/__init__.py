"""union-kg: a knowledge-graph builder for Chinese news about trade unions.

pages -> articles -> mentions -> linked entities + relations -> graph -> RDF / HTML / queries
"""

__version__ = "0.1.0"
