console.log('jumun');
